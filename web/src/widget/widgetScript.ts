// Where the widget's own files live. The widget runs inside someone else's page, so location.href is theirs: its
// config.json, datasets and worker are found relative to the script URL that widget.ts records here at load.

import { BaseError } from '../../../core/errors/BaseError.ts'

export class WidgetNotLoadedError extends BaseError {
  override name = 'WidgetNotLoadedError' as const
  constructor() {
    super('The Starling widget was used before widget.js recorded where it was loaded from.')
  }
}

let script: URL | undefined

export function setWidgetScript(url: string) {
  script = new URL(url)
}

/** The URL widget.js was loaded from, query included (it carries options such as `backend`). */
export function widgetScript(): URL {
  if (!script) throw new WidgetNotLoadedError()
  return script
}
