// Reading a method that does not exist names the closest real one, as the official SDK's proxy
// does (it logs `auth.x is not a function. Did you mean: auth.y() ?`). Here the read throws a
// TypeError with that message, so the mistake surfaces where it is made instead of as a bare
// "undefined is not a function". Probes that are not method calls are left alone: symbols, `then`
// (await), `toJSON`, and names starting with `_`, `$` or `@` (framework and test-tool markers).
// Use `'name' in auth` to test whether a method exists.

const PROBES = new Set(['then', 'toJSON', 'asymmetricMatch', 'nodeType', 'tagName', 'inspect']);

/** A Proxy `get` trap for the object named `label`. */
export function suggestOnUnknown(label) {
  return (target, name, receiver) => {
    const value = Reflect.get(target, name, receiver);
    if (value !== undefined || typeof name !== 'string' || PROBES.has(name) || /^[_$@]/.test(name)) return value;
    const methods = Object.keys(target).filter((k) => typeof target[k] === 'function');
    const best = closest(name, methods);
    throw new TypeError(`${label}.${name} is not a function.` + (best ? ` Did you mean: ${label}.${best}() ?` : ''));
  };
}

// The official SDK ranks by case-insensitive edit distance alone, which sends `signInWithTicket` to
// `signInWithWechat`. A name that is the candidate with words left out (`signInWithTicket` in
// `signInWithCustomTicket`) or letters dropped (`getSesion`) is the likelier intent, so such candidates
// rank first, then edit distance decides.
function closest(name, candidates) {
  const typed = name.toLowerCase();
  let best = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    const lower = c.toLowerCase();
    const score = levenshtein(typed, lower) + (isSubsequence(typed, lower) ? 0 : 1000);
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  return best;
}

function isSubsequence(short, long) {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

function levenshtein(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}
