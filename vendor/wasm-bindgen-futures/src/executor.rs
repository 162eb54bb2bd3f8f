//! Patched for cloudbase-auth-wasm: the single-threaded executor behind [`spawn_local`] and
//! [`future_to_promise`], copied from js-sys 0.3.107 (`src/futures/{mod.rs, queue.rs,
//! task/singlethread.rs}`, which wasm-bindgen-futures 0.4.80 re-exports) with these changes,
//! measured with `make size` on the package (see `PATCHES.md`):
//! - the run queue is a `Vec` taken whole at each tick, not a `VecDeque` popped task by task;
//! - a tick is always scheduled with `queueMicrotask` (every runtime the package supports has it),
//!   with no check for it and no `Promise.then` fallback, through a `Closure<dyn FnMut(JsValue)>`
//!   (the closure type of `JsFuture`'s callbacks, `js_future.rs`: one invoke shim for both);
//! - no JSPI branch in `spawn_local` (the package has no `#[wasm_bindgen(jspi)]` export);
//! - no unwind guard around a poll (with `panic = "abort"` and no wasm exception handling, nothing
//!   unwinds through Rust frames that would run it) and no `console.createTask` in debug builds.
//!
//! Used where the package builds (std, no `atomics`, `panic = "abort"`); elsewhere `lib.rs`
//! re-exports js-sys's own executor.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::mem::ManuallyDrop;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, RawWaker, RawWakerVTable, Waker};

use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen]
    fn queueMicrotask(closure: &Closure<dyn FnMut(JsValue)>);
}

/// Runs a Rust `Future` on the current thread, on a later microtask.
pub fn spawn_local<F>(future: F)
where
    F: Future<Output = ()> + 'static,
{
    Task::spawn(future);
}

/// Converts a Rust `Future` into a JavaScript `Promise`, resolved or rejected when the future
/// completes with `Ok` or `Err`.
pub fn future_to_promise<F>(future: F) -> Promise
where
    F: Future<Output = Result<JsValue, JsValue>> + 'static,
{
    let mut future = Some(future);

    Promise::new_typed(&mut move |resolve, reject| {
        let future = future.take().unwrap_throw();

        spawn_local(async move {
            match future.await {
                Ok(val) => {
                    resolve.call(&JsValue::UNDEFINED, (&val,)).unwrap_throw();
                }
                Err(val) => {
                    reject.call(&JsValue::UNDEFINED, (&val,)).unwrap_throw();
                }
            }
        });
    })
}

struct QueueState {
    // The tasks to run on the next tick, in order: each is one `poll` of a future.
    tasks: RefCell<Vec<Rc<Task>>>,
    // Whether the next tick is scheduled already (it is scheduled once).
    is_scheduled: Cell<bool>,
}

impl QueueState {
    // Out of line: the closure's vtable has two entries (`call_mut`, and `call_once` that nothing
    // calls), each of which would inline it (the `.wasm` 210 B smaller, 6 B in gzip).
    #[inline(never)]
    fn run_all(&self) {
        self.is_scheduled.set(false);
        // The tasks scheduled before this tick; those scheduled while they run go to the next.
        let tasks = std::mem::take(&mut *self.tasks.borrow_mut());
        for task in tasks {
            task.run();
        }
    }
}

struct Queue {
    state: Rc<QueueState>,
    closure: Closure<dyn FnMut(JsValue)>,
}

impl Queue {
    // Schedule a task to run on the next tick.
    fn schedule_task(&self, task: Rc<Task>) {
        self.state.tasks.borrow_mut().push(task);
        if !self.state.is_scheduled.replace(true) {
            queueMicrotask(&self.closure);
        }
    }

    fn new() -> Self {
        let state = Rc::new(QueueState {
            is_scheduled: Cell::new(false),
            tasks: RefCell::new(Vec::new()),
        });
        Self {
            closure: {
                let state = Rc::clone(&state);
                // Called on the next microtask tick.
                Closure::new(move |_| state.run_all())
            },
            state,
        }
    }

    fn with<R>(f: impl FnOnce(&Self) -> R) -> R {
        use wasm_bindgen::__rt::LazyCell;

        static QUEUE: LazyCell<Queue> = LazyCell::new(Queue::new);

        f(&QUEUE)
    }
}

struct Inner {
    future: Pin<Box<dyn Future<Output = ()> + 'static>>,
    waker: Waker,
}

impl Inner {
    fn is_ready(&mut self) -> bool {
        let mut cx = Context::from_waker(&self.waker);
        self.future.as_mut().poll(&mut cx).is_ready()
    }
}

struct Task {
    // The future this task runs; `None` once it has finished, so that it is dropped at once.
    inner: RefCell<Option<Inner>>,
    // Whether the task is on the run queue already (it is queued once).
    is_queued: Cell<bool>,
}

impl Task {
    fn spawn<F: Future<Output = ()> + 'static>(future: F) {
        let this = Rc::new(Self {
            inner: RefCell::new(None),
            is_queued: Cell::new(true),
        });

        let waker = unsafe { Waker::from_raw(Task::into_raw_waker(Rc::clone(&this))) };

        *this.inner.borrow_mut() = Some(Inner {
            future: Box::pin(future),
            waker,
        });

        Queue::with(|queue| queue.schedule_task(this));
    }

    fn wake(this: Rc<Self>) {
        // Already on the run queue: it runs anyway.
        if this.is_queued.replace(true) {
            return;
        }
        Queue::with(|queue| queue.schedule_task(this));
    }

    fn wake_by_ref(this: &Rc<Self>) {
        if this.is_queued.replace(true) {
            return;
        }
        Queue::with(|queue| queue.schedule_task(Rc::clone(this)));
    }

    /// A standard library `RawWaker` from an `Rc` of the task. Wakers must be `Send` + `Sync`;
    /// without the `atomics` feature everything runs on one thread, so an `Rc` is good enough
    /// (after `futures::task::ArcWake`, as in js-sys).
    unsafe fn into_raw_waker(this: Rc<Self>) -> RawWaker {
        unsafe fn raw_clone(ptr: *const ()) -> RawWaker {
            let ptr = ManuallyDrop::new(Rc::from_raw(ptr as *const Task));
            Task::into_raw_waker(Rc::clone(&ptr))
        }

        unsafe fn raw_wake(ptr: *const ()) {
            let ptr = Rc::from_raw(ptr as *const Task);
            Task::wake(ptr);
        }

        unsafe fn raw_wake_by_ref(ptr: *const ()) {
            let ptr = ManuallyDrop::new(Rc::from_raw(ptr as *const Task));
            Task::wake_by_ref(&ptr);
        }

        unsafe fn raw_drop(ptr: *const ()) {
            drop(Rc::from_raw(ptr as *const Task));
        }

        static VTABLE: RawWakerVTable =
            RawWakerVTable::new(raw_clone, raw_wake, raw_wake_by_ref, raw_drop);

        RawWaker::new(Rc::into_raw(this) as *const (), &VTABLE)
    }

    fn run(&self) {
        let mut borrow = self.inner.borrow_mut();

        // Wakeups can come in after a future has finished and been dropped: nothing to run.
        let Some(inner) = borrow.as_mut() else {
            return;
        };

        // A `waker.wake()` during the poll queues the task again.
        self.is_queued.set(false);

        // A finished future is dropped at once; the `Rc<Task>` itself lives as long as wakers
        // refer to it.
        if inner.is_ready() {
            *borrow = None;
        }
    }
}
