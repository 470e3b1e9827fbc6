/** The answers of GET /api/v1/cost/recommendations: `?format=json` (default) or `csv`. */
export const RECOMMENDATION_FORMATS = ["json", "csv"] as const;
