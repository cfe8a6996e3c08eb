/**
 * The Lambda HTTP event of payload format 2.0, which Function URLs and API Gateway HTTP APIs both
 * send, and the result they expect back: only the fields the route reads or writes (no
 * `@types/aws-lambda` needed; its `APIGatewayProxyEventV2` and `LambdaFunctionURLEvent` fit).
 */
export interface LambdaHttpEvent {
  version?: string;
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Record<string, string | undefined>;
  requestContext: {
    domainName?: string;
    http: { method: string; path?: string; sourceIp?: string };
    /** API Gateway's JWT or Lambda authorizer, or IAM: where `identify` usually finds the user. */
    authorizer?: {
      jwt?: { claims?: Record<string, string | number | boolean | string[]>; scopes?: string[] | null };
      lambda?: Record<string, unknown> | null;
      iam?: Record<string, unknown>;
    };
    [key: string]: unknown;
  };
  body?: string;
  isBase64Encoded?: boolean;
}

/** What a Function URL or HTTP API takes back (payload 2.0). */
export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}
