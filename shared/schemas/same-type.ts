/** `true` only when A and B are the same type, so `const ok: SameType<A, B> = true` fails to compile on drift. */
export type SameType<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
