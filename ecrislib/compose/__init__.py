"""Production message builders and the reply a register owes a request.

* :mod:`ecrislib.compose.messages`: one builder per message kind, answers included, each
  taking an ID source, a clock and real content, and applying the correlation rules;
* :func:`reply` / :func:`decide`: the RRS a requested state's law requires, composed from a
  :class:`~ecrislib.register.NationalRegister` and a :class:`ReplyPolicy`.

See ``docs/compose.md``.
"""

from __future__ import annotations

from .messages import (
    additional_info_request,
    additional_info_response,
    additional_info_response_push,
    cancellation,
    deadline,
    functional_error,
    is_alive,
    notification,
    notification_push,
    notification_response,
    notification_response_push,
    notification_update,
    request,
    request_push,
    response,
    response_push,
)
from .policy import ReplyPolicy, Retransmission, StatePolicy, bundled_policy, bundled_states
from .reply import RESPONSE_TYPE, ReplyDecision, ReplyOutcome, decide, reply

__all__ = [
    "RESPONSE_TYPE",
    "ReplyDecision",
    "ReplyOutcome",
    "ReplyPolicy",
    "Retransmission",
    "StatePolicy",
    "additional_info_request",
    "additional_info_response",
    "additional_info_response_push",
    "bundled_policy",
    "bundled_states",
    "cancellation",
    "deadline",
    "decide",
    "functional_error",
    "is_alive",
    "notification",
    "notification_push",
    "notification_response",
    "notification_response_push",
    "notification_update",
    "reply",
    "request",
    "request_push",
    "response",
    "response_push",
]
