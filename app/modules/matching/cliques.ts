/**
 * Maximal cliques (Bron–Kerbosch with Tomita pivoting) of an undirected graph given as
 * adjacency sets over integer vertices. Deterministic: vertices are visited in ascending order.
 * `limit` bounds the number of cliques reported so a pathological component (hundreds of
 * interchangeable needs) cannot explode combinatorially.
 */
export function maximalCliques(
  vertices: readonly number[],
  adjacency: (v: number) => ReadonlySet<number>,
  limit: number,
): number[][] {
  const out: number[][] = [];
  const expand = (r: number[], p: Set<number>, x: Set<number>): void => {
    if (out.length >= limit) return;
    if (p.size === 0) {
      if (x.size === 0 && r.length >= 2) out.push([...r].sort((a, b) => a - b));
      return;
    }
    // Pivot: the vertex of P ∪ X with most neighbours in P.
    let pivot = -1;
    let best = -1;
    for (const u of [...p, ...x]) {
      const nu = adjacency(u);
      let n = 0;
      for (const v of p) if (nu.has(v)) n++;
      if (n > best) {
        best = n;
        pivot = u;
      }
    }
    const pivotAdj = adjacency(pivot);
    const candidates = [...p].filter((v) => !pivotAdj.has(v)).sort((a, b) => a - b);
    for (const v of candidates) {
      const nv = adjacency(v);
      r.push(v);
      expand(
        r,
        new Set([...p].filter((w) => nv.has(w))),
        new Set([...x].filter((w) => nv.has(w))),
      );
      r.pop();
      p.delete(v);
      x.add(v);
      if (out.length >= limit) return;
    }
  };
  expand([], new Set(vertices), new Set());
  return out;
}

/** Connected components (each sorted ascending, components ordered by their smallest vertex). */
export function components(vertices: readonly number[], adjacency: (v: number) => ReadonlySet<number>): number[][] {
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const start of [...vertices].sort((a, b) => a - b)) {
    if (seen.has(start)) continue;
    const comp: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const v = stack.pop()!;
      comp.push(v);
      for (const w of adjacency(v)) {
        if (!seen.has(w)) {
          seen.add(w);
          stack.push(w);
        }
      }
    }
    out.push(comp.sort((a, b) => a - b));
  }
  return out;
}
