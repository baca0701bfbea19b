import { AttachmentStore } from "@sportello/core"
import { attachmentStoreSuite } from "@sportello/testkit"

attachmentStoreSuite("in-memory", AttachmentStore.layerMemory({ maxSize: 1024 * 1024 }))
attachmentStoreSuite("in-memory, default limit", AttachmentStore.layerMemory())
