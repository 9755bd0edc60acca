/**
 * DynamoDB single-table keys (DESIGN.md "Data model"). Kept in one place so the probe, the
 * alert engine, the capacity watcher and the CLI can never disagree on an item's address.
 */

export interface ItemKey {
  pk: string;
  sk: string;
}

export const targetPk = (targetId: string): string => `TARGET#${targetId}`;

export const stateKey = (targetId: string): ItemKey => ({ pk: targetPk(targetId), sk: 'STATE' });

export const resultKey = (targetId: string, isoTs: string, region: string): ItemKey => ({
  pk: targetPk(targetId),
  sk: `RESULT#${isoTs}#${region}`,
});

export const incidentKey = (targetId: string, startIso: string): ItemKey => ({
  pk: targetPk(targetId),
  sk: `INCIDENT#${startIso}`,
});

export const capacityPk = (site: string, resource: string): string => `CAPACITY#${site}#${resource}`;

export const capacitySampleKey = (site: string, resource: string, isoTs: string): ItemKey => ({
  pk: capacityPk(site, resource),
  sk: `SAMPLE#${isoTs}`,
});

export const capacityStateKey = (site: string, resource: string): ItemKey => ({
  pk: capacityPk(site, resource),
  sk: 'STATE',
});
