"""What annotators do with suggestions besides accepting them."""

from claims.models import Article, Dismissal
from claims.services.base import User, require_member


def suggestion_dismiss(*, article: Article, actor: User, key: str) -> Dismissal:
    """Hide a suggestion on this article for this annotator; dismissing twice changes nothing."""
    require_member(article.project, actor)
    dismissal, _ = Dismissal.objects.get_or_create(user=actor, article=article, key=key[:100])
    return dismissal
