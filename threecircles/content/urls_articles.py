"""URLs of the public site's articles part (included by content/urls.py): the knowledge base,
its Atom feed, and the site's sitemap and robots.txt."""

from django.urls import URLPattern, path

from threecircles.content import views_articles
from threecircles.content.feeds import ArticleFeed

urlpatterns: list[URLPattern] = [
    path("knowledge/", views_articles.article_list, name="article_list"),
    # Before <slug>/: an article cannot take the feed's address.
    path("knowledge/feed/", ArticleFeed(), name="article_feed"),
    path(
        "knowledge/category/<slug:slug>/", views_articles.article_category, name="article_category"
    ),
    path("knowledge/tag/<slug:slug>/", views_articles.article_tag, name="article_tag"),
    path("knowledge/<slug:slug>/", views_articles.article_detail, name="article_detail"),
    path("sitemap.xml", views_articles.sitemap, name="sitemap"),
    path("robots.txt", views_articles.robots_txt, name="robots_txt"),
]
