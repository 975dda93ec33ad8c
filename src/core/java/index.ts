export {
  compileJavaRegex,
  type JavaRegex,
  type JavaRegexFlags,
  JavaRegexSyntaxError,
  translateJavaRegex,
} from "./regex.js";
export { asciiLower, isBlank, isJavaWhitespace, javaSplit, jtrim } from "./strings.js";
