// The check moved to the pure core so alert-channel descriptors can use it too; the config
// loader keeps importing it from here.
export { authorityProblem } from '../../lambdas/core/url-authority';
