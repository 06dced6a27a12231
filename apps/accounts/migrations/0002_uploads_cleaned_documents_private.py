import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import migrations

import apps.accounts.models
import apps.core.private_files
import apps.core.upload_fields


def move_documents_to_private_storage(apps, schema_editor):
    """Documents stored before this migration are under public MEDIA_ROOT with the client's file
    name. Each moves to private storage under an unguessable name with the extension of the type it
    parses as now; one that parses as nothing gets no extension, so it is only ever sent as
    application/octet-stream. Run again, it finds nothing left to move."""
    from django.core.files.storage import default_storage

    from apps.core.private_files import private_storage
    from apps.core.uploads import clean_document

    VerificationDocument = apps.get_model("accounts", "VerificationDocument")
    for document in VerificationDocument.objects.select_related("request").iterator():
        public_name = document.file.name
        if not public_name or not default_storage.exists(public_name):
            continue
        with default_storage.open(public_name) as public:
            try:
                moved = clean_document(public, max_bytes=settings.VERIFICATION_DOCUMENT_MAX_BYTES)
            except ValidationError:
                public.seek(0)
                moved = ContentFile(public.read(), name=secrets.token_hex(16))
        document.file.name = private_storage().save(f"verification/{document.request.user_id}/{moved.name}", moved)
        document.save(update_fields=["file"])
        default_storage.delete(public_name)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="athleteprofile",
            name="photo",
            field=apps.core.upload_fields.ImageUploadField(blank=True, upload_to=apps.accounts.models.profile_photo_path),
        ),
        migrations.AlterField(
            model_name="verificationdocument",
            name="file",
            field=apps.core.upload_fields.DocumentUploadField(
                storage=apps.core.private_files.private_storage,
                upload_to=apps.accounts.models.verification_document_path,
            ),
        ),
        migrations.RunPython(move_documents_to_private_storage, migrations.RunPython.noop),
    ]
