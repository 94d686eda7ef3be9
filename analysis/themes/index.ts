export { assignSeededThemes, type SeedTheme, type SeededAssignment, type SeededOptions, type SeededResult } from "./seeded.js";
export { discoverThemes, discoverThemesByGroup, distinctiveTerms, silhouette, type CandidateTheme, type DiscoverOptions, type DiscoveryResult } from "./discover.js";
export { themeNpsImpact, themeNpsImpactFromCounts, type NpsCounts, type ThemeImpact } from "./impact.js";
export { nmi, ari, matchedAccuracy, hungarian } from "./quality.js";
export { buildThemeSpace, type ThemeSpace } from "./space.js";
export { fitTfidf, transformTfidf, type Csr, type TfidfModel } from "./vectorize.js";
export { truncatedSvd } from "./svd.js";
export { sphericalKMeans } from "./kmeans.js";
