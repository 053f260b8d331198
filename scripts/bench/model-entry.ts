/**
 * The model's SQL builders, gathered for the benchmark's native reference. Loaded through Vite's
 * `runnerImport` (scripts/bench/model.mjs), so the bench runs the app's own TypeScript with no
 * extra dependency and no build step.
 */
export { filesViewSql, APARAVI_TIME_COLUMNS } from '../../src/lib/model/files-view';
export { sliceBoundsSql, slicesFor } from '../../src/lib/model/partitions';
export { summaryBuildSql, SUMMARY_QUERIES } from '../../src/lib/model/summary';
export { unitVoteSelect, unitFromVotes, timeKindOfType } from '../../src/lib/model/times';
export { ExportShape, canonicalTableName } from '../../src/lib/model/shape';
export { bandCase, ageBandCase, SIZE_BANDS, AGE_BANDS } from '../../src/lib/model/bands';
export { ident, str } from '../../src/lib/model/sql';
export { splitStatements } from '../../src/lib/model/statements';
export { factsSelectSql, SUMMARY_DEFINITIONS_VERSION } from '../../src/lib/model/summary';
export { packExtrasSql, packReportTables, manifestSql, parseManifest, PACK_FORMAT, PACK_VERSION, PACK_TABLES, PACK_SUMMARY_TABLES, DEFAULT_PACK_SAMPLE } from '../../src/lib/model/pack';
export { reportBuildSteps, FOLDER_CODES_SQL, folderCodes, dictionarySteps, knownDictionaries, knownDictionariesSql, instanceRowsSql, cubeSql, CUBES, REPORT_BUILD_VERSION } from '../../src/lib/model/report-build';
export { factsStore } from '../../src/lib/model/explorer';
