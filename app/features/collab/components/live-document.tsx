// Shows a document: its server-rendered content first (works without JavaScript),
// then, for people who may edit, the live editor once it has loaded.
import { lazy, Suspense, useSyncExternalStore } from "react";
import type { Block } from "../content";
import { DocumentView } from "./document-view";
import type { LiveEditorProps } from "./live-editor";

const LiveEditor = lazy(() => import("./live-editor"));

export function LiveDocument(props: {
  docName: string;
  blocks: Block[];
  canEdit: boolean;
  user: { name: string; color: string } | null;
  label: string;
  emptyText: string;
  media?: { uploadUrl: string; srcPrefix: string };
  /** what readers see (and editors before the editor loads); the plain blocks by default */
  view?: React.ReactNode;
  /** another editor than the common one (lazily loaded too), given the common one's props */
  editor?: (props: LiveEditorProps) => React.ReactNode;
}) {
  // False while rendering on the server and hydrating, true in the browser after.
  const mounted = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  const fallback = props.view ?? <DocumentView blocks={props.blocks} emptyText={props.emptyText} />;
  if (!props.canEdit || !props.user || !mounted) return fallback;
  return (
    <Suspense fallback={fallback}>
      {props.editor ? (
        props.editor({ docName: props.docName, user: props.user, label: props.label, media: props.media })
      ) : (
        <LiveEditor docName={props.docName} user={props.user} label={props.label} media={props.media} />
      )}
    </Suspense>
  );
}
