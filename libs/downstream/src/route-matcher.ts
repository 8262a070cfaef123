/**
 * Which calls of an upstream a policy applies to, by route (the call's path without its query): exact paths and
 * patterns where `*` stands for one path segment (`/products/*` matches `/products/p1`, not `/products` nor
 * `/products/p1/reviews`). No routes means every route.
 * @example const matches = routeMatcher(['/products', '/products/*']); matches('/products/p7'); // true
 * @throws TypeError when a route does not start with "/"
 */
export function routeMatcher(routes: readonly string[] | undefined): (route: string) => boolean {
  if (!routes || routes.length === 0) return matchAll;
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const route of routes) {
    if (typeof route !== 'string' || !route.startsWith('/'))
      throw new TypeError(`route ${JSON.stringify(route)} must start with "/"`);
    if (!route.includes('*')) exact.add(route);
    else patterns.push(new RegExp(`^${route.split('*').map(escapeRegExp).join('[^/]+')}$`));
  }
  return function matchesRoute(route) {
    if (exact.has(route)) return true;
    for (const pattern of patterns) if (pattern.test(route)) return true;
    return false;
  };
}

function matchAll(): boolean {
  return true;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
