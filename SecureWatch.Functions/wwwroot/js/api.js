// The API key and calls to the SecureWatch HTTP API. The key is asked for once per browser tab and kept in
// sessionStorage, so it is gone when the tab closes; every call carries it as x-functions-key.
import { renderChrome } from "./chrome.js";

const KEY_NAME = "securewatch.apiKey";

export const apiKey = () => sessionStorage.getItem(KEY_NAME);

export const forgetKey = () => sessionStorage.removeItem(KEY_NAME);

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const headers = { "x-functions-key": apiKey() ?? "", accept: "application/json" };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) {
    return null;
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, payload?.detail ?? payload?.title ?? `HTTP ${response.status}`);
  }
  return payload;
}

// Runs start() once a working key is known, asking for one first when needed.
export function withKey(start) {
  renderChrome();
  const form = document.getElementById("key-form");
  const main = document.querySelector("main");
  const forget = document.getElementById("forget-key");
  forget.addEventListener("click", () => {
    forgetKey();
    location.reload();
  });

  const launch = () => {
    form.hidden = true;
    main.hidden = false;
    forget.hidden = false;
    start();
  };
  if (apiKey()) {
    launch();
    return;
  }

  form.hidden = false;
  main.hidden = true;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = form.querySelector("input");
    const error = form.querySelector(".error");
    sessionStorage.setItem(KEY_NAME, input.value.trim());
    try {
      await api("/api/v1/config/sources");
      input.value = "";
      error.textContent = "";
      launch();
    } catch (e) {
      forgetKey();
      error.textContent = e.status === 401 ? "This key is not valid." : e.message;
    }
  });
}

// Small DOM helper: el("td", { className: "x" }, "text", child) — text is always set as text, never as HTML.
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) {
    node.append(child instanceof Node ? child : String(child ?? ""));
  }
  return node;
}

export const formatTime = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : "");
