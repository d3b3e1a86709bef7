/**
 * YAML codec: read and write the YAML PyYAML's default Dumper writes (Keras
 * ≤ 2.5 `to_yaml`), safe by construction, with no dependency.
 */
export { YamlError, type YamlErrorCode, type YamlErrorLocation } from './errors.js';
export { PythonTuple } from './python-tuple.js';
export { parseYaml, parseAllYaml, YAML_DEFAULT_LIMITS, type ParseYamlOptions } from './parse.js';
export { stringifyYaml, type StringifyYamlOptions, type YamlPath } from './stringify.js';
