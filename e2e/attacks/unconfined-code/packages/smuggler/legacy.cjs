// CommonJS beside ES modules: Rolldown reads `.cjs` as a script (another parse goal), Rollup's commonjs converts it.
module.exports = function legacy() { return document; };
