"""Pages about people: login, the home page per role, the employee list and the employee page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from ekinerja.org.access import units_visible_to
from ekinerja.org.selectors import unit_subtree_ids
from ekinerja.security import login as security

from . import access, selectors, services
from .forms import EmployeeFilterForm, NipLoginForm, SetPasswordForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = NipLoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: NipLoginForm) -> HttpResponse:
        user = form.get_user()
        if security.needs_second_step(user):
            # Not logged in yet: the session only remembers who passed the password step.
            security.begin_second_step(self.request, user, self.get_success_url())
            return redirect("security-2fa-verify")
        security.clear_failures(username=user.get_username())
        return super().form_valid(form)

    def form_invalid(self, form: NipLoginForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error("__all__", code="locked"):
            response.status_code = 429
        return response


def home(request: HttpRequest) -> HttpResponse:
    roles = access.roles_for(request.user)
    day = access.today()
    context: dict = {"roles": roles, "today": day}
    if roles.employee:
        context["profile"] = selectors.employee_profile(roles.employee, day, with_history=False)
    if roles.sees_whole_instansi and roles.instansi_id:
        context["summary"] = selectors.workforce_summary(roles.instansi_id, day)
        context["summary_scope"] = "instansi"
    elif roles.is_admin_opd and roles.instansi_id:
        context["summary"] = selectors.workforce_summary(roles.instansi_id, day, roles.opd_subtree)
        context["summary_scope"] = "opd"
    return render(request, "people/home.html", context)


def _unit_choices(request: HttpRequest):
    roles = access.roles_for(request.user)
    units = units_visible_to(request.user).order_by("nama")
    if not roles.sees_whole_instansi and roles.opd_subtree:
        units = units.filter(pk__in=unit_subtree_ids(roles.instansi_id, roles.admin_unit_ids))
    return units.only("id", "nama")


def employee_list(request: HttpRequest) -> HttpResponse:
    roles = access.roles_for(request.user)
    day = access.today()
    units = _unit_choices(request)
    form = EmployeeFilterForm(request.GET or None, units=units)
    if form.is_bound and not form.is_valid():
        response = render(
            request, "people/employee_list.html", {"form": form, "page": None}, status=400
        )
        return response
    flt = form.to_filter() if form.is_bound else selectors.EmployeeFilter()
    per_page = (form.cleaned_data.get("per_page") if form.is_bound else None) or 25
    qs = selectors.filter_employees(
        access.employees_visible_to(request.user), flt, roles.instansi_id or 0, day
    )
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "rows": selectors.rows_with_seats(list(page.object_list), day),
        "querystring": _querystring_without_page(request),
        "can_export": access.can_export_employees(request.user),
        # Rendered by the template from plain pairs: a region has hundreds of units, and the
        # widget's per-option templates cost more than the rest of the page.
        "unit_options": list(units.values_list("id", "nama")),
        "selected_unit": request.GET.get("unit", ""),
    }
    template = "people/_employee_table.html" if request.htmx else "people/employee_list.html"
    return render(request, template, context)


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employee = access.get_employee_for_user(request.user, pk)
    day = access.today()
    context = {
        "profile": selectors.employee_profile(employee, day),
        "can_manage_account": access.can_manage_accounts(request.user, employee),
        "password_form": SetPasswordForm(),
    }
    return render(request, "people/employee_detail.html", context)


@require_POST
def employee_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    employee = access.get_employee_for_user(request.user, pk)
    if not access.can_manage_accounts(request.user, employee):
        raise PermissionDenied("Anda tidak berwenang mengatur akun pegawai ini.")
    form = SetPasswordForm(request.POST)
    if form.is_valid():
        try:
            services.set_account_password(
                actor=request.user, employee=employee, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error("password1", error)
    if not form.is_valid():
        context = {
            "profile": selectors.employee_profile(employee, access.today()),
            "can_manage_account": True,
            "password_form": form,
        }
        return render(request, "people/employee_detail.html", context, status=400)
    messages.success(request, f"Kata sandi akun {employee.nama_lengkap} telah diatur.")
    return redirect("employee-detail", pk=employee.pk)
