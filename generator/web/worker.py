"""Background builds: queued Build rows in the database, run by a pool of processes that keep the toolkit
imported (generator.batch, the engine of `disclosure build`). A build left `running` by a stopped server is queued again at start, so a restart loses nothing."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from generator import batch
from generator.web import services, storage
from generator.web.models import Build, Department, Job

log = logging.getLogger(__name__)


def enqueue(year: int, user, again: bool = False) -> Job | None:
    """One Build per department whose latest upload of the year has no errors and is not built yet
    (`again`: built ones too, e.g. after a new version of the city's profile)."""
    skip = [Build.QUEUED, Build.RUNNING] + ([] if again else [Build.OK])
    with transaction.atomic():
        job = Job.objects.create(year=year, created_by=user)
        for department in Department.objects.all():
            upload = services.latest_upload(department, year)
            if services.ready(upload) and not upload.builds.filter(state__in=skip).exists():
                Build.objects.create(upload=upload, job=job)
        if not job.builds.exists():
            job.delete()
            return None
    return job


def recover() -> int:
    return Build.objects.filter(state=Build.RUNNING).update(state=Build.QUEUED)


def _claim(limit: int) -> list[Build]:
    claimed = []
    for build in Build.objects.filter(state=Build.QUEUED).order_by("id")[:limit]:
        if Build.objects.filter(pk=build.pk, state=Build.QUEUED).update(state=Build.RUNNING):
            claimed.append(Build.objects.select_related("upload", "upload__department").get(pk=build.pk))
    return claimed


def _arguments(build: Build) -> tuple:
    upload = build.upload
    version = services.current_profile(upload.profile_name)
    build.profile_version = version
    build.profile_label = f"{version.name} 第{version.version}版" if version else f"{upload.profile_name}（内置）"
    build.save(update_fields=["profile_version", "profile_label"])
    out_dir, rel = storage.new_place("builds")
    args = (services.path_of(upload.stored), out_dir, tuple(settings.BUILD_TARGETS), services.profile_dirs(),
            services.acceptances(upload.department))
    return args, rel


def _finish(build: Build, rel: str, result, seconds: float) -> None:
    outputs = {Path(p).suffix.lstrip("."): str(Path(rel) / Path(p).name) for p in result.outputs}
    build.outputs = outputs
    build.state = Build.OK if result.status in ("ok", "findings") and outputs else Build.FAILED
    build.message = result.message
    build.seconds = seconds
    build.finished = timezone.now()
    build.save()


def _fail(build: Build, exc: BaseException) -> None:
    log.exception("build %s failed", build.pk, exc_info=exc)
    build.state, build.message, build.finished = Build.FAILED, f"内部错误：{type(exc).__name__}", timezone.now()
    build.save()


def run_pending() -> int:
    """Run every queued build here, one after another (tests, `--once`)."""
    func, done = batch.build_one, 0
    while True:
        claimed = _claim(1)
        if not claimed:
            return done
        build = claimed[0]
        started = time.perf_counter()
        try:
            args, rel = _arguments(build)
            _finish(build, rel, func(*args), time.perf_counter() - started)
        except Exception as exc:  # a build must never take the worker down
            _fail(build, exc)
        done += 1


class Worker(threading.Thread):
    """Polls the database; runs up to `workers` builds at once in warm processes."""

    def __init__(self, workers: int | None = None, poll: float = 1.0):
        super().__init__(name="build-worker", daemon=True)
        self.workers = workers or settings.BUILD_WORKERS or os.cpu_count() or 1
        self.poll = poll
        self.stopping = threading.Event()

    def stop(self, timeout: float = 60) -> None:
        """Stop taking builds and shut the pool down (its processes end with it)."""
        self.stopping.set()
        self.join(timeout)

    def run(self) -> None:
        recover()
        func = batch.build_one  # the CLI's engine; its warm() imports the toolkit once per process
        context = multiprocessing.get_context("forkserver")  # no fork of a threaded server
        with ProcessPoolExecutor(self.workers, mp_context=context, initializer=batch.warm) as pool:
            running = {}
            while not self.stopping.is_set():
                close_old_connections()
                try:
                    for build in _claim(self.workers - len(running)):
                        try:
                            args, rel = _arguments(build)
                            running[pool.submit(func, *args)] = (build, rel, time.perf_counter())
                        except Exception as exc:
                            _fail(build, exc)
                    for future in [f for f in running if f.done()]:
                        build, rel, started = running.pop(future)
                        try:
                            _finish(build, rel, future.result(), time.perf_counter() - started)
                        except Exception as exc:
                            _fail(build, exc)
                except Exception:  # the database may be busy for a moment; try again next round
                    log.exception("worker round failed")
                self.stopping.wait(0.2 if running else self.poll)
            pool.shutdown(wait=True, cancel_futures=True)

