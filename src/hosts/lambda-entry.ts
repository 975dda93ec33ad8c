/** Entry of the AWS Lambda bundle (`dist/lambda/index.mjs`): the handler is `index.handler`. */
export { handler } from "./aws-lambda.js";
