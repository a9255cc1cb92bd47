// Handlers log one JSON line per request; in tests that is noise unless asked for
// (TUNTAS_LOG_LEVEL=INFO npm test).
process.env.TUNTAS_LOG_LEVEL ??= 'SILENT';
