import { OFFLINE_MODEL_ID, OFFLINE_MODEL_LABEL } from '@privlens/models';

/** How a model id is shown to a reader: the embedded engine is always named as the local baseline it is. */
export function modelLabel(id: string): string {
  return id === OFFLINE_MODEL_ID ? `${id} (${OFFLINE_MODEL_LABEL})` : id;
}
