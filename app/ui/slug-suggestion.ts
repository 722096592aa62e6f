// A web address suggested from the title as it is typed, until the person types one of
// their own (or the form came back with one). Progressive enhancement: without
// JavaScript the address is typed by hand, and the server checks it either way.
import { useRef, type FormEvent } from "react";

/** The form's onInput handler: fills the "slug" field from the "title" field. */
export function useSlugSuggestion(slugify: (title: string) => string, initialSlug: string) {
  const own = useRef(initialSlug !== "");
  return (e: FormEvent<HTMLFormElement>) => {
    const slug = e.currentTarget.elements.namedItem("slug");
    const target = e.target;
    if (!(slug instanceof HTMLInputElement) || !(target instanceof HTMLInputElement)) return;
    // Emptying the address hands it back to the suggestion.
    if (target === slug) own.current = slug.value !== "";
    else if (target.name === "title" && !own.current) slug.value = slugify(target.value);
  };
}
