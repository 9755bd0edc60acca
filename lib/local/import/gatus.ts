import { importGatus } from '../../interop/gatus';
import type { Importer } from './importer';
import { readSource } from './read-source';

/** `pantau import gatus config.yaml`: Gatus' `endpoints:`. */
export const gatusImporter: Importer = {
  tool: 'gatus',
  description: "a Gatus config.yaml (its endpoints: list)",
  run: (file) => importGatus(readSource(file)),
};
