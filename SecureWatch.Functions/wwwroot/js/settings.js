// Settings: sources (toggle, parameters) and the IP whitelist. Changes need an admin key; a reader key sees
// everything and is told why a change was refused.
import { withKey, api, el } from "./api.js";
import { connectLive } from "./live-connection.js";

function status(text, isError = false) {
  const node = document.getElementById("settings-status");
  node.hidden = false;
  node.textContent = text;
  node.classList.toggle("error", isError);
}

const refusal = (e) => (e.status === 403 ? "An admin key is required to change settings." : e.message);

// A JSON merge patch (RFC 7396) turning `before` into `after`: changed keys replaced, removed keys set to null.
function mergePatch(before, after) {
  const patch = {};
  for (const key of Object.keys(before)) {
    if (!(key in after)) {
      patch[key] = null;
    }
  }
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return patch;
}

function sourceCard(source) {
  const toggle = el("input", { type: "checkbox", checked: source.is_enabled, className: "switch" });
  toggle.setAttribute("aria-label", `enable ${source.source_name}`);
  const params = el("textarea", { rows: 4, spellcheck: false, value: JSON.stringify(source.config_params, null, 2) });
  params.setAttribute("aria-label", `${source.source_name} parameters`);
  const error = el("p", { className: "error" });
  const save = el("button", { type: "button" }, "Save parameters");
  // External providers are known only by their signatures: say plainly what switching them off gives away.
  const signatureWarning = el("p", { className: "notice error signature-warning" },
    "Signatures are off: anyone who can write to this topic can claim a whitelisted address, and its records are " +
    "scored, stored and acted on as that provider's. Whitelist entries without a signing secret admit records.");
  const showSignatureWarning = (configParams) => {
    signatureWarning.hidden = !(source.source_name === "external_kafka" && configParams.require_signature === false);
  };
  showSignatureWarning(source.config_params);

  toggle.addEventListener("change", async () => {
    try {
      const updated = await api(`/api/v1/config/sources/${source.source_name}`, { method: "PATCH", body: { is_enabled: toggle.checked } });
      status(`${updated.source_name} ${updated.is_enabled ? "enabled" : "disabled"}`);
    } catch (e) {
      toggle.checked = !toggle.checked;
      status(refusal(e), true);
    }
  });
  save.addEventListener("click", async () => {
    let edited;
    try {
      edited = JSON.parse(params.value);
    } catch {
      error.textContent = "Parameters must be a JSON object.";
      return;
    }
    try {
      const current = await api(`/api/v1/config/sources/${source.source_name}`);
      const updated = await api(`/api/v1/config/sources/${source.source_name}`, {
        method: "PATCH",
        body: { config_params: mergePatch(current.config_params, edited) },
      });
      params.value = JSON.stringify(updated.config_params, null, 2);
      showSignatureWarning(updated.config_params);
      error.textContent = "";
      status(`${updated.source_name} parameters saved`);
    } catch (e) {
      error.textContent = refusal(e);
    }
  });

  const card = el("div", { className: "source" },
    el("div", { className: "source-head" },
      el("label", { className: "inline" }, toggle, el("strong", {}, source.source_name)),
      el("span", { className: "muted small" }, source.description)),
    signatureWarning, params, el("div", { className: "row" }, save), error);
  card.dataset.source = source.source_name;
  card.toggle = toggle;
  return card;
}

async function loadSources() {
  const sources = await api("/api/v1/config/sources");
  document.getElementById("sources").replaceChildren(...sources.map(sourceCard));
}

function whitelistRow(entry) {
  const active = el("input", { type: "checkbox", checked: entry.is_active });
  active.setAttribute("aria-label", `${entry.ip_address} active`);
  active.addEventListener("change", async () => {
    try {
      await api(`/api/v1/config/whitelist/${entry.id}`, { method: "PATCH", body: { is_active: active.checked } });
      status(`${entry.ip_address} ${active.checked ? "activated" : "deactivated"}`);
    } catch (e) {
      active.checked = !active.checked;
      status(refusal(e), true);
    }
  });
  const remove = el("button", { type: "button", className: "danger" }, "Delete");
  remove.addEventListener("click", async () => {
    if (!confirm(`Remove ${entry.ip_address} from the whitelist?`)) {
      return;
    }
    try {
      await api(`/api/v1/config/whitelist/${entry.id}`, { method: "DELETE" });
      status(`${entry.ip_address} removed`);
      await loadWhitelist();
    } catch (e) {
      status(refusal(e), true);
    }
  });
  const row = el("tr", {}, el("td", { className: "mono" }, entry.ip_address), el("td", {}, entry.description),
    el("td", {}, active), el("td", { className: "muted" }, entry.created_by), el("td", {}, remove));
  row.dataset.network = entry.ip_address;
  return row;
}

async function loadWhitelist() {
  const entries = await api("/api/v1/config/whitelist");
  document.getElementById("whitelist").replaceChildren(...(entries.length
    ? entries.map(whitelistRow)
    : [el("tr", {}, el("td", { colSpan: 5, className: "muted" }, "No entries: no external provider may send traffic"))]));
}

withKey(async () => {
  const form = document.getElementById("whitelist-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const created = await api("/api/v1/config/whitelist", {
        method: "POST",
        body: { ip_address: data.get("ip_address").trim(), description: data.get("description") },
      });
      form.reset();
      status(`${created.ip_address} added`);
      await loadWhitelist();
    } catch (e) {
      status(refusal(e), true);
    }
  });
  // Another operator (or instance) changing a source shows up here at once.
  connectLive({
    sourceStatus: (source) => {
      const card = document.querySelector(`.source[data-source="${CSS.escape(source.source_name)}"]`);
      if (card) {
        card.toggle.checked = source.is_enabled;
      }
    },
  }, () => {});
  try {
    await Promise.all([loadSources(), loadWhitelist()]);
  } catch (e) {
    status(e.message, true);
  }
});
