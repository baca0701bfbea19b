/** The part of autocannon 9's programmatic API that bench/http/run.ts uses (it ships no types). */
declare module "autocannon" {
  export interface RequestParams {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
  }
  interface Options {
    url: string
    connections?: number
    pipelining?: number
    duration?: number
    timeout?: number
    method?: string
    headers?: Record<string, string>
    requests?: ReadonlyArray<RequestParams & { setupRequest?: (request: RequestParams) => RequestParams }>
  }
  interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total: number
    p50: number
    p90: number
    p99: number
    p99_9: number
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    "2xx": number
    "4xx": number
    "5xx": number
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
