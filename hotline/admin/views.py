from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from rq.job import Job
from rq.registry import FailedJobRegistry

from hotline.people.access import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _queue():
    from workers.tasks import queue

    return queue(current_app)


@bp.route("/jobs")
@roles_required("admin")
def jobs():
    """Failed background jobs (after their retries), so nothing fails silently."""
    error = None
    failed, queued = [], 0
    try:
        q = _queue()
        registry = FailedJobRegistry(queue=q)
        ids = registry.get_job_ids()[:200]
        for job in Job.fetch_many(ids, connection=q.connection):
            if job is not None:
                result = job.latest_result()
                failed.append({"id": job.id, "description": job.description, "ended_at": job.ended_at,
                               "error": (result.exc_string or "") if result else ""})
        queued = q.count
    except Exception as exc:  # Redis unreachable: say so instead of failing the page
        error = f"无法连接任务队列（Redis）：{exc}"
    return render_template("admin/jobs.html", failed=failed, queued=queued, error=error)


@bp.route("/jobs/<job_id>/requeue", methods=["POST"])
@roles_required("admin")
def requeue(job_id):
    q = _queue()
    FailedJobRegistry(queue=q).requeue(job_id)
    flash(f"任务 {job_id} 已重新排队。", "success")
    return redirect(url_for(".jobs"))
