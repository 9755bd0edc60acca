/**
 * The validated config travels inside each Lambda bundle under this file name: the CDK app writes
 * it beside the handler at synth time, the handler reads it at cold start.
 */
export const BUNDLED_CONFIG_FILE = 'pantau-config.json';
