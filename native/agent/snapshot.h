/* Snapshot encoders of the two backends (records of PROTOCOL.md, "SNAPSHOT"). */
#ifndef AG_SNAPSHOT_H
#define AG_SNAPSHOT_H

#include "codec.h"

/* Writes the snapshot body: kind, serials, clock, then records up to END. A delta request may
   be answered with a full snapshot (the kind byte says which). */
void ag_core_snapshot(ag_buf_t* out, uint8_t kind, uint8_t flags);
void ag_system_snapshot(ag_buf_t* out, uint8_t kind, uint8_t flags);

/* The common head of a snapshot body (agent.c fills the serials). */
void ag_snapshot_head(ag_buf_t* out, uint8_t kind, uint8_t flags);

#endif /* AG_SNAPSHOT_H */
