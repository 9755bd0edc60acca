import { describe } from 'vitest';
import { DynamoIncidentNotes } from '../../lambdas/adapters/dynamo/incident-notes';
import { DynamoOverrides } from '../../lambdas/adapters/dynamo/overrides';
import { MemoryIncidentNotes, MemoryOverrides } from '../../lambdas/adapters/memory/oncall';
import { DynamoStore } from '../../lambdas/adapters/dynamo';
import { implementations, type AllPorts } from './implementations';
import { onCallContract, type OnCallPorts } from './oncall.contract';

/** The on-call ports over the same store as the subject state (incidents live beside the notes). */
function onCallPorts(store: AllPorts): OnCallPorts {
  const [notes, overrides] = store instanceof DynamoStore
    ? [new DynamoIncidentNotes(store), new DynamoOverrides(store)]
    : [new MemoryIncidentNotes(), new MemoryOverrides()];
  return {
    addNote: notes.addNote.bind(notes),
    notesOf: notes.notesOf.bind(notes),
    putOverride: overrides.putOverride.bind(overrides),
    listOverrides: overrides.listOverrides.bind(overrides),
    removeOverride: overrides.removeOverride.bind(overrides),
    projectIncident: store.projectIncident.bind(store),
    incidentsOf: store.incidentsOf.bind(store),
  };
}

for (const impl of implementations()) {
  describe(impl.name, () => onCallContract(async () => onCallPorts(await impl.make())));
}
