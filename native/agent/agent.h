/* The agent: one process hosting scenario threads and one allocator backend, serving frames on
 * stdin/stdout (see native/PROTOCOL.md).
 *
 *   agent.c       the serve loop: read a frame, dispatch, write the reply
 *   batch.c       decoding a BATCH frame into ops, and running one op on the current thread
 *   lockstep.c    scenario threads: the baton that runs each op on its thread, free-running mode
 *   handles.c     the handle table (the agent's names for live blocks) and the heap table
 *   events.c      the event hook: events into the reply, tied to the op that caused them
 *   delta.c       what changed since the last snapshot (pages, segments, heaps to re-inspect)
 *   snapshot-core.c / backend-core.c      the Heapscope core backend
 *   snapshot-system.c / backend-system.c  the process's own malloc
 *   process.c     RSS and friends from /proc
 */
#ifndef AG_AGENT_H
#define AG_AGENT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "codec.h"
#include "protocol.h"

/* ------------------------------------------------------------------ ops and results */
typedef struct ag_op_s {
  uint8_t     code;
  uint8_t     flags;
  uint16_t    thread;
  uint32_t    id;         /* handle (ALLOC..TOUCH) or heap id (HEAP_*, COLLECT)   */
  uint32_t    heap;       /* ALLOC: heap id, 0 = the thread's default             */
  uint32_t    offset;     /* byte offset of the op in its frame                   */
  uint64_t    a;          /* size | ms | option value | crash kind | touch offset */
  uint64_t    b;          /* alignment | touch length                             */
  uint8_t     value;      /* TOUCH: the byte written                              */
  uint16_t    name_len;   /* SET_OPTION                                           */
  const char* name;
} ag_op_t;

typedef struct ag_result_s {
  uint8_t  status;
  uint32_t id;
  uint64_t address;
  uint64_t usable;
  uint64_t value;
  uint32_t msg_off;       /* message bytes in the batch's text buffer             */
  uint16_t msg_len;
} ag_result_t;

typedef struct ag_error_s {
  uint16_t code;
  uint32_t op_index;      /* UINT32_MAX: not an op                                */
  uint32_t offset;        /* byte offset in the request frame                     */
  char     msg[256];
} ag_error_t;

/* The batch being run. Ops, results and the text buffer live in agent memory. */
typedef struct ag_batch_s {
  ag_op_t*     ops;
  ag_result_t* results;
  size_t       count;
  size_t       cap;
  uint8_t      mode;
  _Atomic(size_t) done;    /* ops executed (lockstep: the cursor)                */
  _Atomic(bool)   failed;  /* an op failed: stop                                */
  ag_error_t   error;
  ag_buf_t     text;       /* validation messages                                */
  uint64_t     first_serial;
} ag_batch_t;

extern ag_batch_t ag_batch;
extern uint64_t   ag_op_serial;   /* ops executed since the agent started */
extern bool       ag_crash_allowed;  /* the CRASH op works only when the environment says so */
#define AG_CRASH_ENV "HEAPSCOPE_AGENT_ALLOW_CRASH"
extern uint64_t   ag_stall_at;       /* the op (1 = the first executed) that never returns; 0 = none */
#define AG_STALL_ENV "HEAPSCOPE_AGENT_STALL_AT_OP"
#define AG_TOUCH_MAX ((uint64_t)1 << 30)   /* bytes the agent writes in one op        */
#define AG_ALLOC_MAX ((uint64_t)1 << 34)   /* largest block requested (16 GiB)        */

/* batch.c */
bool ag_batch_decode(const uint8_t* body, size_t len, ag_error_t* err);
void ag_op_exec(size_t index);    /* on the thread the op names (or the agent's main thread) */
void ag_fail(size_t index, uint16_t code, const char* a, const char* b, const char* c);
void ag_fail_at(size_t index, uint16_t code, uint64_t number, const char* text);
bool ag_op_runs_on_main(const ag_op_t* op);

/* ------------------------------------------------------------------ threads (lockstep.c) */
typedef struct ag_thread_s {
  int             index;
  uint8_t         state;         /* AG_THREAD_*, or 0xFF when the slot is unused   */
  pid_t           tid;
  uintptr_t       core_id;       /* the backend's id for it (hs_thread_id)         */
  uint64_t        ops;           /* ops it executed                               */
  uintptr_t       default_heap;
  uintptr_t       backing_heap;
  _Atomic(uint32_t) turn;        /* futex word: 1 = run                            */
  _Atomic(uint32_t) sleeping;
  _Atomic(uint32_t) command;     /* what to do when woken                         */
  size_t          exit_op;       /* the THREAD_EXIT op index                      */
  bool            process_main;  /* runs on the agent's main thread: the process's  */
} ag_thread_t;

#define AG_THREAD_UNUSED 0xFF
extern ag_thread_t ag_threads[AG_THREAD_MAX];
extern __thread int    ag_tls_thread;   /* scenario index, AG_THREAD_NONE on main */
extern __thread size_t ag_tls_op;       /* op index being executed            */

void ag_threads_init(void);
bool ag_thread_start(size_t op_index, int index, bool process_main);
void ag_thread_exit(size_t op_index, int index);
void ag_run_batch(void);
void ag_threads_shutdown(void);
int  ag_thread_index_of(uintptr_t core_id);   /* AG_THREAD_NONE when unknown */
/* Runs fn on a running scenario thread while the main thread waits (a thread's own heap can be
   walked only from that thread); nothing when the thread is not running. */
void ag_thread_call(int index, void (*fn)(ag_thread_t* t, void* arg), void* arg);

/* ------------------------------------------------------------------ handles and heaps (handles.c) */
enum { AG_HANDLE_NEVER = 0, AG_HANDLE_LIVE = 1, AG_HANDLE_FREED = 2, AG_HANDLE_DESTROYED = 3 };

typedef struct ag_handle_s {
  void*    ptr;
  uint64_t size;          /* requested size                          */
  uint32_t heap;          /* heap id, 0 = a thread's own heap        */
  uint16_t thread;        /* allocating thread                       */
  uint8_t  state;
  uint8_t  stamp_thread;  /* free-running check                      */
  uint32_t stamp;
  uint32_t pad;
} ag_handle_t;

typedef struct ag_heap_entry_s {
  void*    heap;          /* backend's heap, NULL when the id is free */
  uint16_t owner;         /* creating thread                          */
} ag_heap_entry_t;

bool         ag_handles_init(void);
ag_handle_t* ag_handle_at(uint32_t id);      /* NULL when out of range */
void         ag_handles_of_heap(uint32_t heap, uint8_t new_state);  /* destroy/delete */
ag_heap_entry_t* ag_heap_at(uint32_t id);    /* NULL when out of range */
extern uint32_t ag_handle_high;              /* highest handle used + 1 */

/* ------------------------------------------------------------------ backends */
typedef struct ag_backend_s {
  const char* name;
  bool      (*init)(void);
  const char* (*allocator)(void);              /* "heapscope 0.1", "mimalloc 2.0.9", ... */
  void*     (*alloc)(void* heap, size_t size, size_t align, bool zero);
  void*     (*realloc)(void* heap, void* p, size_t size);
  void      (*free)(void* p);
  size_t    (*usable)(const void* p);
  void*     (*heap_new)(void);                 /* NULL: not supported */
  void      (*heap_delete)(void* heap);
  void      (*heap_destroy)(void* heap);
  void      (*heap_set_default)(void* heap);   /* NULL heap = the backing heap */
  void      (*collect)(void* heap, bool force);/* NULL heap = the default heap */
  void      (*thread_register)(ag_thread_t* t);/* on the thread: ids and heaps */
  void      (*thread_refresh)(ag_thread_t* t); /* on the thread, after each op */
  int64_t   (*advance)(uint64_t ms);           /* returns the new clock        */
  int       (*set_option)(const char* name, size_t len, int64_t value);  /* 0 or AG_ERR_* */
  bool      (*validate)(char* msg, size_t size, bool* supported);
  void      (*snapshot)(ag_buf_t* out, uint8_t kind, uint8_t flags);
  void      (*events)(bool on, bool concurrent); /* install/remove the event hook */
  void      (*names)(ag_buf_t* out);            /* HELLO: event kind and option names */
  const char* (*design)(void);                  /* HELLO: "v2" or "v3"; "" when not the core */
  /* FREE_LIST: block indices of one list of a page in list order; returns the list's length.
     NULL when the backend cannot say. */
  size_t    (*free_list)(uint64_t page, uint8_t list, uint32_t* out, size_t max);
} ag_backend_t;

extern const ag_backend_t* ag_backend;
extern const ag_backend_t  ag_backend_core;
extern const ag_backend_t  ag_backend_system;
extern int64_t ag_clock_ms;

/* ------------------------------------------------------------------ events (events.c) */
bool ag_events_init(void);
void ag_events_reset(void);
void ag_events_concurrent(bool on);
void ag_event_add(uint16_t kind, uint64_t segment, uint64_t page, uint64_t address,
                  uint64_t size, uint64_t count);
void ag_events_write(ag_buf_t* out);   /* u32 count + records */

/* ------------------------------------------------------------------ process (process.c) */
typedef struct ag_process_s { uint64_t rss, virt, data, shared; } ag_process_t;
void ag_process_read(ag_process_t* p);
void ag_process_record(ag_buf_t* out);
void ag_thread_records(ag_buf_t* out, const uint64_t* owned, const uint64_t* pending_tf,
                       const uint64_t* pending_delayed);

#endif /* AG_AGENT_H */
