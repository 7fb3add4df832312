/* v3's thread-free word (thread-free-v3.c): block list | ownership bit. */
#ifndef HS_THREAD_FREE_V3_H
#define HS_THREAD_FREE_V3_H

#include "internal.h"

#define HS_V3_TF_OWNED ((hs_thread_free_t)1)

static inline bool hs_v3_tf_is_owned(hs_thread_free_t tf) { return (tf & HS_V3_TF_OWNED) != 0; }
static inline hs_block_t* hs_v3_tf_block(hs_thread_free_t tf) {
  return (hs_block_t*)(tf & ~HS_V3_TF_OWNED);
}

/* A fresh page is owned by the thread that made it; an empty list either way. */
void        _hs_v3_thread_free_init(hs_page_t* page, bool owned);
/* Free `block` into `page` from a thread that does not own it. True when the page was
   abandoned and this free has claimed it: the caller owns the page now. */
bool        _hs_v3_thread_free_push(hs_page_t* page, hs_block_t* block);
/* Owner: take every block freed by other threads (the page stays owned). */
hs_block_t* _hs_v3_thread_free_take(hs_page_t* page);
/* Owner: give the page up (abandon it) while its list is still exactly `expected`; false when
   more blocks arrived meanwhile (collect them, then try again). */
bool        _hs_v3_thread_free_try_unown(hs_page_t* page, hs_block_t* expected);
/* Claim an abandoned page (reclaim on allocation); false when another thread owns it. */
bool        _hs_v3_thread_free_try_claim(hs_page_t* page);

#endif
