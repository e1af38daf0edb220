// Live monitor: every prediction pushed by the hub, newest on top; attacks highlighted.
import { withKey, el, formatTime } from "./api.js";
import { connectLive } from "./live-connection.js";

const MAX_ROWS = 200;
let total = 0;
let attacks = 0;

function flowText(flow) {
  if (!flow) {
    return "";
  }
  return `${flow.src_ip}:${flow.src_port} → ${flow.dst_ip}:${flow.dst_port} ${flow.protocol}`;
}

function addPrediction(p) {
  total += 1;
  if (p.is_attack) {
    attacks += 1;
  }
  document.getElementById("count-total").textContent = total;
  document.getElementById("count-attacks").textContent = attacks;
  document.getElementById("empty").hidden = true;

  const action = (p.actions ?? []).map((a) => (a.dry_run ? `${a.action} (dry run)` : a.action)).join(", ");
  const row = el("tr", { className: p.is_attack ? "attack" : "" },
    el("td", {}, formatTime(p.received_at)),
    el("td", {}, p.data_source),
    el("td", { className: "mono" }, p.sender_ip ?? ""),
    el("td", { className: "mono" }, flowText(p.flow)),
    el("td", {}, el("span", { className: `category ${p.category}` }, p.category)),
    el("td", { className: "num" }, `${(p.attack_probability * 100).toFixed(1)} %`),
    el("td", {}, action),
    el("td", { className: "mono small" }, `#${p.traffic_id}`));
  row.dataset.eventId = p.event_id;
  row.dataset.attack = p.is_attack ? "true" : "false";
  const body = document.getElementById("predictions");
  body.prepend(row);
  while (body.rows.length > MAX_ROWS) {
    body.deleteRow(body.rows.length - 1);
  }
}

function showSourceChange(source) {
  const notice = document.getElementById("source-events");
  notice.hidden = false;
  notice.textContent = `${formatTime(new Date().toISOString())} · source ${source.source_name} is now ${source.is_enabled ? "enabled" : "disabled"}`;
}

function setState(state) {
  const badge = document.getElementById("connection");
  badge.textContent = state;
  badge.dataset.state = state;
}

withKey(() => {
  document.getElementById("attacks-only").addEventListener("change", (event) => {
    document.getElementById("predictions").classList.toggle("attacks-only", event.target.checked);
  });
  connectLive({ prediction: addPrediction, sourceStatus: showSourceChange }, setState);
});
