"""The error tree. Third-party exceptions are translated at the boundary.

WiredeskError
├── FetchError            a feed or page could not be fetched (carries url)
│   ├── FetchTimeout
│   ├── FetchTooLarge
│   └── FetchStatusError  (carries status)
├── FeedParseError        the bytes are not a feed (carries url)
├── ExtractError          the page holds no story (carries url)
└── LicenceError          no licence allows publishing here
"""


class WiredeskError(Exception):
    """Base of every error Wiredesk raises on purpose."""


class FetchError(WiredeskError):
    def __init__(self, url: str, message: str):
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = message

    def __reduce__(self):  # picklable: feeds are polled in worker processes (ingest.poller)
        return type(self), (self.url, self.message)


class FetchTimeout(FetchError):
    pass


class FetchTooLarge(FetchError):
    pass


class FetchStatusError(FetchError):
    def __init__(self, url: str, status: int, retry_after: float | None = None):
        super().__init__(url, f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after

    def __reduce__(self):
        return type(self), (self.url, self.status, self.retry_after)


class FeedParseError(WiredeskError):
    def __init__(self, url: str, message: str):
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = message

    def __reduce__(self):
        return type(self), (self.url, self.message)


class ExtractError(WiredeskError):
    def __init__(self, url: str, message: str):
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = message


class LicenceError(WiredeskError):
    pass
