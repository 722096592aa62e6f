// The one message of the collaboration websocket that is not y-websocket's: the
// server tells the connections that may read a document's comments that they
// changed, and the page reads them again (decision 0027). It carries nothing else.
export const MESSAGE_COMMENTS = 100;

type Provider = { messageHandlers: ((...args: never[]) => void)[] };

/** Have a y-websocket provider call `listener` on each such message (it expects no answer). */
export function onCommentsSignal(provider: Provider, listener: () => void) {
  provider.messageHandlers[MESSAGE_COMMENTS] = listener;
}
