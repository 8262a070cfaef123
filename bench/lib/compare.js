'use strict';
/** Deep comparison of two JSON values that names the first place they differ. */

/**
 * Returns undefined when `a` and `b` are equal JSON values, else a description of the first difference.
 * Key order is ignored (it is not part of JSON's meaning); array order and every value count.
 * Example: `firstDifference({ a: [1] }, { a: [2] }) // '$.a[0]: 1 !== 2'`
 */
function firstDifference(a, b, at = '$') {
  if (Object.is(a, b)) return undefined;
  const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(a) !== kind(b))
    return `${at}: ${kind(a)} ${JSON.stringify(a)} !== ${kind(b)} ${JSON.stringify(b)}`;
  if (kind(a) === 'array') {
    if (a.length !== b.length) return `${at}: array length ${a.length} !== ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const diff = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (diff) return diff;
    }
    return undefined;
  }
  if (kind(a) === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      if (!(key in a)) return `${at}.${key}: missing on the left, ${JSON.stringify(b[key])} on the right`;
      if (!(key in b)) return `${at}.${key}: ${JSON.stringify(a[key])} on the left, missing on the right`;
      const diff = firstDifference(a[key], b[key], `${at}.${key}`);
      if (diff) return diff;
    }
    return undefined;
  }
  return `${at}: ${JSON.stringify(a)} !== ${JSON.stringify(b)}`;
}

module.exports = { firstDifference };
