"""Django's `{% url %}` tag, through `pcp_portal.links.link`: a builtin of every template (`settings.TEMPLATES`).

Django's tag calls `reverse()` each time, some 30 microseconds a link: the
menu and footer every page carries write fourteen. For a URL name and
positional arguments this tag writes the link with `link()`, which fills in
the URL reversed once; any other form (`as var`, keyword arguments) is
Django's tag as before. `reverse()`'s `current_app` chooses nothing here: the
portal mounts each app once.
"""

from django import template
from django.template import defaulttags
from django.utils.html import conditional_escape

from pcp_portal.links import link

register = template.Library()


class LinkNode(defaulttags.URLNode):
    def render(self, context):
        if self.kwargs or self.asvar:
            return super().render(context)
        url = link(self.view_name.resolve(context), *(arg.resolve(context) for arg in self.args))
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return LinkNode(node.view_name, node.args, node.kwargs, node.asvar)
