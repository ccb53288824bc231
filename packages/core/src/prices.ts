import type { PriceTable } from './cost.js'

/**
 * The default price table (USD). Self-contained (no runtime imports) so the web app's admin page can import it.
 * Override it with a JSON file of the same shape (`PARLEY_PRICES_FILE`, read by `loadPriceTable`).
 *
 * Bedrock on-demand prices, us-east-1, per 1,000 tokens, as published by AWS and quoted by cloudburn.io's pricing guide
 * ("verified as of February 2026") and pristren.com's Nova Micro page; taken 2026-12-02. This machine cannot reach
 * aws.amazon.com/bedrock/pricing, so check there before relying on them.
 * EC2: t2.large on-demand, Linux, us-east-1 (2 vCPU, 8 GiB), $0.0928 an hour; burstable with a 30 % per-vCPU baseline.
 */
export const DEFAULT_PRICES: PriceTable = {
  currency: 'USD',
  takenOn: '2026-12-02',
  source:
    'AWS on-demand list prices, us-east-1 (Bedrock via cloudburn.io/blog/amazon-bedrock-pricing, Feb 2026, and ' +
    'pristren.com/blog/amazon-nova-micro-ultra-fast; EC2 t2.large Linux on-demand)',
  bedrock: {
    'amazon.nova-micro-v1:0': { inputPer1k: 0.000035, outputPer1k: 0.00014 },
    'amazon.nova-lite-v1:0': { inputPer1k: 0.00006, outputPer1k: 0.00024 },
    'amazon.nova-pro-v1:0': { inputPer1k: 0.0008, outputPer1k: 0.0032 },
    'anthropic.claude-3-haiku-20240307-v1:0': { inputPer1k: 0.00025, outputPer1k: 0.00125 },
    'amazon.titan-embed-text-v2:0': { inputPer1k: 0.00002, outputPer1k: 0 },
    'cohere.embed-english-v3': { inputPer1k: 0.0001, outputPer1k: 0 },
    'cohere.embed-multilingual-v3': { inputPer1k: 0.0001, outputPer1k: 0 },
  },
  instances: {
    't2.large': { hourly: 0.0928, vcpus: 2, memoryGiB: 8, baselineCpuShare: 0.3 },
  },
  selfHostedInstance: 't2.large',
}
