/** munkres-js ships no types: the Hungarian algorithm on a (possibly rectangular) cost matrix. */
declare module 'munkres-js' {
  /** Returns the [row, column] pairs of a minimum-cost assignment. */
  function munkres(cost: number[][]): [number, number][];
  export = munkres;
}
