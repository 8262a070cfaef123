/**
 * A class made by a per-version factory, named as hand-written siblings are (`PartnerJobsV2Controller`), so
 * the route audit, logs and default operation ids tell the versions apart.
 * @example return namedClass(PartnerJobsController, `PartnerJobsV${version}Controller`);
 */
export function namedClass<T extends object>(cls: T, name: string): T {
  return Object.defineProperty(cls, 'name', { value: name });
}
