import type { GedConfig } from '../../platform/config.ts'
import type { GedAdapter } from './ged-port.ts'
import { createHotFolderAdapter } from './hot-folder-adapter.ts'
import { createHttpGedAdapter } from './http-adapter.ts'

export function createGedAdapter(config: GedConfig): GedAdapter {
  return config.adapter === 'http' ? createHttpGedAdapter({ url: config.url, token: config.token }) : createHotFolderAdapter({ dir: config.dir })
}
