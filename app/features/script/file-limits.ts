// What a Fountain file sent to the studio may be (decision 0024).

/**
 * The largest Fountain file accepted (bytes of UTF-8, or characters once read): a long
 * feature is 100–300 kB, so this leaves room for any real screenplay and keeps the
 * reading of a hostile one within seconds.
 */
export const MAX_FOUNTAIN_BYTES = 1024 * 1024;
/** A feature has 100–400 scenes; the tracker keeps a row for each. */
export const MAX_FOUNTAIN_SCENES = 2000;
