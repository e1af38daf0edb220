// Dashboard: counts by source and category over a window, dead-letter reasons, recent attacks.
import { withKey, api, el, formatTime } from "./api.js";

const REFRESH_MS = 10000;

const bar = (value, max, className = "") =>
  el("td", { className: "bar-cell" }, el("span", { className: `bar ${className}`, style: `width: ${max ? (100 * value) / max : 0}%` }));

function fill(id, rows) {
  document.getElementById(id).replaceChildren(...rows);
}

async function refresh() {
  const window = document.getElementById("window").value;
  const error = document.getElementById("dashboard-error");
  try {
    const [stats, recent] = await Promise.all([
      api(`/api/v1/stats?window=${encodeURIComponent(window)}`),
      api("/api/v1/traffic?is_attack=true&limit=10"),
    ]);
    error.textContent = "";
    document.getElementById("total").textContent = stats.total.toLocaleString();
    document.getElementById("attacks").textContent = stats.attacks.toLocaleString();
    document.getElementById("share").textContent = stats.total ? `${((100 * stats.attacks) / stats.total).toFixed(1)} %` : "–";
    const deadLetters = Object.entries(stats.dead_letters_by_reason);
    document.getElementById("dead-letters").textContent = deadLetters.reduce((sum, [, n]) => sum + n, 0).toLocaleString();

    const sources = Object.entries(stats.by_data_source);
    const maxSource = Math.max(0, ...sources.map(([, s]) => s.total));
    fill("by-source", sources.length
      ? sources.map(([name, s]) => el("tr", {}, el("td", {}, name), el("td", { className: "num" }, s.total),
          el("td", { className: "num" }, s.attacks), bar(s.total, maxSource)))
      : [el("tr", {}, el("td", { colSpan: 4, className: "muted" }, "No traffic in this window"))]);

    const categories = Object.entries(stats.by_category);
    const maxCategory = Math.max(0, ...categories.map(([, n]) => n));
    fill("by-category", categories.map(([name, n]) => el("tr", {},
      el("td", {}, el("span", { className: `category ${name}` }, name)), el("td", { className: "num" }, n),
      bar(n, maxCategory, name === "normal" ? "" : "attack-bar"))));

    fill("dead-letter-reasons", deadLetters.length
      ? deadLetters.map(([reason, n]) => el("tr", {}, el("td", { className: "mono" }, reason), el("td", { className: "num" }, n)))
      : [el("tr", {}, el("td", { colSpan: 2, className: "muted" }, "None"))]);

    fill("recent-attacks", recent.items.length
      ? recent.items.map((t) => el("tr", { className: "attack" },
          el("td", {}, `${new Date(t.received_at).toLocaleDateString()} ${formatTime(t.received_at)}`),
          el("td", {}, t.data_source), el("td", { className: "mono" }, t.sender_ip ?? ""),
          el("td", {}, el("span", { className: `category ${t.prediction.category}` }, t.prediction.category)),
          el("td", { className: "num" }, `${(t.prediction.attack_probability * 100).toFixed(1)} %`),
          el("td", {}, t.response_action ?? "")))
      : [el("tr", {}, el("td", { colSpan: 6, className: "muted" }, "No attacks recorded"))]);
    document.getElementById("updated").textContent = `updated ${formatTime(new Date().toISOString())}`;
  } catch (e) {
    error.textContent = e.message;
  }
}

withKey(() => {
  document.getElementById("window").addEventListener("change", refresh);
  refresh();
  setInterval(refresh, REFRESH_MS);
});
