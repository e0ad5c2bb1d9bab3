"""User-facing errors for tool scripts (runner contract §3).

    from tool_errors import ToolUserError
    raise ToolUserError("The file has no column named 'Namn'.")

The run fails and the message is shown to the user as the error summary, without a
traceback. The message must be safe to show: no stack traces, paths or secrets.
"""


class ToolUserError(Exception):
    """Raise to fail the run with `message` shown to the user."""

    def __init__(self, message="") -> None:
        safe_message = str(message).strip() or "An error occurred."
        super().__init__(safe_message)
        self.safe_message = safe_message

    def __str__(self) -> str:
        return self.safe_message
