// One SignalR connection to the live hub. POST /api/negotiate, with the API key in the x-functions-key header,
// answers in both hosting modes with the hub's url and a short-lived access token: the standalone host's own hub
// and token, or under Azure Functions the SignalR Service url and its token. The client connects there with the
// token, which the browser puts in the WebSocket's query string; the API key itself never goes into a URL, nor to
// the SignalR Service. accessTokenFactory negotiates again for every (re)connect, so tokens stay short-lived.
import { apiKey } from "./api.js";

async function negotiate(key) {
  const response = await fetch("/api/negotiate", { method: "POST", headers: { "x-functions-key": key } });
  if (!response.ok) {
    throw new Error(`negotiate answered ${response.status}`);
  }
  const { url, accessToken } = await response.json();
  return { url: new URL(url, window.location.href).href, accessToken };
}

export function connectLive(handlers, onState) {
  const key = apiKey();
  let connection = null;

  const build = (url, firstToken) => {
    let pending = firstToken;
    const built = new signalR.HubConnectionBuilder()
      .withUrl(url, {
        accessTokenFactory: async () => {
          const token = pending ?? (await negotiate(key)).accessToken;
          pending = undefined;
          return token;
        },
      })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 30000])
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    for (const [target, handler] of Object.entries(handlers)) {
      built.on(target, handler);
    }
    built.onreconnecting(() => onState("reconnecting"));
    built.onreconnected(() => onState("connected"));
    built.onclose(() => onState("disconnected"));
    return built;
  };

  const start = async () => {
    try {
      onState("connecting");
      if (connection === null) {
        // The first negotiate also tells where the hub is; its token serves the first connect.
        const { url, accessToken } = await negotiate(key);
        connection = build(url, accessToken);
      }
      await connection.start();
      onState("connected");
    } catch {
      onState("disconnected");
      setTimeout(start, 5000);
    }
  };
  start();
  return { stop: () => connection?.stop() };
}
