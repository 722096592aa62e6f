// y-websocket sends every presence change it hears back to the server, the others' as well
// as ours: n people moving their carets cost the server n² messages, and a state that
// reached us from elsewhere (which the server would refuse) would get our own connection
// closed. Only our own state is sent; the server relays everyone's.
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import type { WebsocketProvider } from "y-websocket";

const MESSAGE_AWARENESS = 1;

export function sendOnlyOwnPresence(provider: WebsocketProvider) {
  const { awareness } = provider;
  awareness.off("update", provider._awarenessUpdateHandler);
  // Replaced on the provider too, so that its destroy() removes this one.
  provider._awarenessUpdateHandler = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const own = awareness.clientID;
    if (!added.includes(own) && !updated.includes(own) && !removed.includes(own)) return;
    if (!provider.wsconnected || !provider.ws) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [own]));
    provider.ws.send(encoding.toUint8Array(encoder));
  };
  awareness.on("update", provider._awarenessUpdateHandler);
}
