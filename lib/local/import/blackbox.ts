import { importBlackbox } from '../../interop/blackbox';
import type { Importer } from './importer';
import { readSource } from './read-source';

/** `pantau import blackbox prometheus.yml [--modules blackbox.yml]`: the /probe scrape jobs, with the exporter's modules when given. */
export const blackboxImporter: Importer = {
  tool: 'blackbox',
  description: 'a Prometheus config whose /probe jobs use blackbox_exporter (add --modules blackbox.yml for the modules)',
  run: (file, opts) => importBlackbox(readSource(file), opts.modules === undefined ? undefined : readSource(opts.modules)),
};
