"""The access-matrix rows of the recovery-task workbook.

Each client opens their own workbook and tasks (Mallory and Dan their own, never Alice's);
Alice's care team reads only the tasks she sent them, and reviews them; Carol and Dan, who
support her, and Ada even with emergency access, never see her workbook.
"""

from threecircles.recovery import workbook_actions
from threecircles.recovery.models import TaskWork
from threecircles.recovery.workbook import get_pack
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row

PACK, TASK = "thirty_tasks", "task_01"


def alices_sent_task(world: World) -> TaskWork:
    pack = get_pack(PACK)
    task = pack.tasks[0]
    work = workbook_actions.save_task_answers(
        client=world.alice,
        pack=pack,
        task=task,
        answers={task.exercises[0].id: "I told myself it was only stress."},
    )
    assert work is not None
    workbook_actions.submit_task(work=work)
    return work


OWN = {"alice": 200, "mallory": 200, "dan": 200}
TEAM = {"bob": 200, "sam": 200}
TASK_PAGE = Redirect(f"/recovery/workbook/{PACK}/{TASK}/")

ROWS = AccessRows(
    label="recovery-workbook",
    order=46,
    records=alices_sent_task,
    get={
        "recovery:workbook": row(anonymous=LOGIN, others=404, **OWN),
        "recovery:workbook_task": row(anonymous=LOGIN, others=404, **OWN),
        "recovery:workbook_client": row(anonymous=LOGIN, others=404, **TEAM),
        "recovery:workbook_review": row(anonymous=LOGIN, others=404, **TEAM),
    },
    post={
        # An empty form is a valid one (every answer may be left blank): saved, back to the task.
        "recovery:workbook_task": row(
            anonymous=LOGIN, others=404, alice=TASK_PAGE, mallory=TASK_PAGE, dan=TASK_PAGE
        ),
        "recovery:workbook_review": row(
            anonymous=LOGIN,
            others=404,
            bob=Redirect("/recovery/workbook/clients/{client_id}/"),
            sam=Redirect("/recovery/workbook/clients/{client_id}/"),
        ),
    },
    kwargs={"pack_code": lambda world: PACK, "task_code": lambda world: TASK},
    payloads={
        "recovery:workbook_task": lambda world: {"t01_what_happened": "Matrix", "save": "1"},
        "recovery:workbook_review": lambda world: {"comment": "Matrix"},
    },
)
