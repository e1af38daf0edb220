// One SignalR connection to the live hub at /api. The same client works against the standalone host (whose hub
// answers /api/negotiate itself) and Azure Functions (whose negotiate function answers with the SignalR Service
// url and access token, which the client then follows): the key goes in the x-functions-key header for HTTP
// requests and as the access token, which browsers send in the query string of the WebSocket.
import { apiKey } from "./api.js";

export function connectLive(handlers, onState) {
  const key = apiKey();
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/api", { accessTokenFactory: () => key, headers: { "x-functions-key": key } })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 30000])
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  for (const [target, handler] of Object.entries(handlers)) {
    connection.on(target, handler);
  }
  connection.onreconnecting(() => onState("reconnecting"));
  connection.onreconnected(() => onState("connected"));
  connection.onclose(() => onState("disconnected"));

  const start = async () => {
    try {
      onState("connecting");
      await connection.start();
      onState("connected");
    } catch {
      onState("disconnected");
      setTimeout(start, 5000);
    }
  };
  start();
  return connection;
}
