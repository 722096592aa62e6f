declare module "virtual:visitor-islands" {
  /** The islands module's address: its built file, or its source under the dev server. */
  const src: string;
  export default src;
}
