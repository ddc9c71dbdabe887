import type { Attributes } from '@opentelemetry/api';
import { escapeLabelValue, sanitizeName } from './names.js';

/**
 * The escaped `k="v",…` bytes of each series' labels, kept between scrapes. The SDK hands out
 * the same attributes object for a series on every collection, so it is the cache key; the entry
 * goes when the SDK drops the series.
 */
export class LabelBlocks {
  private readonly blocks = new WeakMap<Attributes, Buffer>();

  get(attributes: Attributes): Buffer {
    let block = this.blocks.get(attributes);
    if (block === undefined) {
      block = Buffer.from(renderLabels(attributes));
      this.blocks.set(attributes, block);
    }
    return block;
  }
}

function renderLabels(attributes: Attributes): string {
  let block = '';
  for (const key of Object.keys(attributes)) {
    block += `${block === '' ? '' : ','}${sanitizeName(key)}="${escapeLabelValue(attributes[key])}"`;
  }
  return block;
}
